"""Checks the executed tour notebook: every code cell ran, and the outputs say what the tour promises."""
import json
import sys

path = sys.argv[1]
notebook = json.load(open(path, encoding="utf-8"))
code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def text_of(cell):
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            parts.append("ERROR " + output.get("ename", "") + ": " + output.get("evalue", ""))
        parts.append("".join(output.get("text", [])))
        for value in output.get("data", {}).values():
            parts.append("".join(value) if isinstance(value, list) else str(value))
    return "".join(parts)


outputs = [text_of(cell) for cell in code]
everything = "\n".join(outputs)
failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)


# tslab leaves execution_count empty; a cell that ran shows output. The first cell only defines helpers.
silent = [i for i, out in enumerate(outputs) if i > 0 and not out.strip()]
expect(not silent, f"code cells {silent} produced no output (not executed?)")
expect("ERROR " not in everything and "<Error>" not in everything, "a cell raised an error")
expect("0 rejected" in everything, "the ingest report is missing or rejected inputs")
for name in ["Ann Lee", "Marcus Webb", "Priya Natarajan", "Tom Okafor"]:
    expect(name in everything and "<table>" in everything, f"the profiles table does not show {name}")
expect("Jane Ortiz" in everything and "Sam Reyes" in everything, "the timeline does not name the agents who replied")
expect(all(channel in everything for channel in ["<td style=\"text-align:left\">voice</td>", "<td style=\"text-align:left\">x</td>"]), "the timeline does not span voice and X")
expect("Handoff brief: not available" in everything or "<pre class=\"brief\">" in everything, "the brief cell showed neither a brief nor 'not available'")
expect("<svg" in everything and "<rect" in everything and "Contacts per channel" in everything, "the channel chart was not rendered as inline SVG")
expect("both hold email:ann.lee@example.com" in everything, "the merge explanation is missing")

if failures:
    print(f"notebook check FAILED ({path}):")
    for failure in failures:
        print(f"  - {failure}")
    sys.exit(1)
print(f"notebook check passed: {len(code)} code cells executed, profiles, timeline, brief cell, chart and explanation present")
