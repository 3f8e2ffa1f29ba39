/**
 * `npm run bench`: runs every benchmark section in one process and prints figures with the
 * ratio to a baseline. Pass section names to run only those (`npm run bench -- audio`); `library`
 * (a million files) and `long` (1 h and 10 h files), many minutes each, run only when named.
 */
/** `named`: runs only when asked for by name (too long for the default run). */
type Section = { name: string; run: () => Promise<void>; named?: boolean };

const sections: Section[] = [
  { name: 'entry', run: async () => (await import('./entry.js')).run() },
  { name: 'neural', run: async () => (await import('./neural.js')).run() },
  { name: 'conv', run: async () => (await import('./conv.js')).run() },
  { name: 'audio', run: async () => (await import('./audio.js')).run() },
  { name: 'features', run: async () => (await import('./features.js')).run() },
  { name: 'gtzan58', run: async () => (await import('./features-gtzan.js')).run() },
  { name: 'data', run: async () => (await import('./data.js')).run() },
  { name: 'predict', run: async () => (await import('./predict.js')).run() },
  { name: 'classical', run: async () => (await import('./classical.js')).run() },
  { name: 'serve', run: async () => (await import('./serve.js')).run() },
  { name: 'queue', run: async () => (await import('./queue.js')).run() },
  { name: 'library', run: async () => (await import('./library.js')).run(), named: true },
  { name: 'long', run: async () => (await import('./long.js')).run(), named: true },
];

const only = process.argv.slice(2);
for (const s of sections) {
  if (only.length ? !only.includes(s.name) : s.named) continue;
  console.log(`\n== ${s.name} ==`);
  await s.run();
}
