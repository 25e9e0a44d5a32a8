// One ESM file for browsers (the gateway serves it to the dashboard), and lightweight-charts beside it:
// both go into the jar of this module under META-INF/resources/, served from the suite's own origin.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const out = 'target/classes/META-INF/resources/sdk';
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['src/index.ts'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  outfile: 'dist/tickstream-client.browser.js',
});
copyFileSync('dist/tickstream-client.browser.js', `${out}/tickstream-client.js`);
copyFileSync('dist/tickstream-client.browser.js.map', `${out}/tickstream-client.browser.js.map`);
mkdirSync('target/classes/META-INF/resources/vendor', { recursive: true });
copyFileSync('node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.mjs',
  'target/classes/META-INF/resources/vendor/lightweight-charts.mjs');
