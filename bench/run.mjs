// `npm run bench`: the failure-line accuracy and the throughput benchmarks, as one markdown
// report on stdout. Reads ../shared/corpus (or CFI_CORPUS) when it exists; says so when not.
//   npm run bench [-- --quiet] [-- --reps N] [-- --synthetic-mb N] [-- --only accuracy|throughput]
import { arch, cpus, platform, totalmem } from 'node:os';
import { CORPUS } from './corpus.mjs';

const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : null;

console.log(`# ci-failure-investigator benchmarks — ${new Date().toISOString().slice(0, 10)}\n`);
console.log(`Node ${process.version}, ${platform()}/${arch()}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB; corpus: ${CORPUS}\n`);
if (only !== 'throughput') await (await import('./failure-line.mjs')).main(argv);
if (only !== 'accuracy') await (await import('./throughput.mjs')).main(argv);
