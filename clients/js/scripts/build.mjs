// The single-file browser build: dist/longconn.min.js, an IIFE that defines the global `LongConn`
// (for a plain <script> tag), and dist/longconn.esm.js, one ES module file. esbuild is a build-time
// tool only; the package has no runtime dependencies.
import { build } from 'esbuild';
import { statSync } from 'node:fs';

const common = { entryPoints: ['src/index.js'], bundle: true, target: ['es2019'], legalComments: 'none', logLevel: 'warning' };
await build({ ...common, format: 'iife', globalName: 'LongConn', minify: true, outfile: 'dist/longconn.min.js' });
await build({ ...common, format: 'esm', outfile: 'dist/longconn.esm.js' });
for (const file of ['dist/longconn.min.js', 'dist/longconn.esm.js']) {
  console.log(`${file}: ${statSync(file).size} bytes`);
}
