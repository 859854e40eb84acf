import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', postgres: 'src/store/postgres/index.ts', cli: 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
  // double-metaphone ships ESM only; bundling it keeps the CJS build loadable on Node 20 < 20.19.
  noExternal: ['double-metaphone'],
})
