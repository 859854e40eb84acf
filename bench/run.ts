// Runs the benchmark suite. Each bench prints its own figures; see BENCHMARKS.md for recorded runs.
console.log('no benchmarks registered yet')
