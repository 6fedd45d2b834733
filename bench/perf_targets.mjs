#!/usr/bin/env node
// Reads what scripts/perf-targets.sh measured (build/bench/perf/*.json) and
// prints each target of the fast CPU path with its measured ratio and
// verdict. All figures come from the one run that wrote the folder.
//
//   node bench/perf_targets.mjs build/bench/perf

import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('perf_targets: error: usage: perf_targets.mjs PERF_DIR\n');
  process.exit(1);
}
const read = (name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));

const peak = read('fma.json').benchmarks[0].FLOPS / 1e9;
const models = new Map();
for (const b of read('models.json').benchmarks) {
  if (b.error_occurred) continue;
  // name: "<model>/xnnpack/threads:<n>/real_time"; real_time in ms
  const [model, , threads] = b.name.split('/');
  models.set(`${model}@${threads.split(':')[1]}`, { ms: b.real_time, gflops: b.FLOPS / 1e9 });
}
const ms = (model, threads) => models.get(`${model}@${threads}`)?.ms;
const wasm = (file) => read(path.join(`wasm_${file}`, 'outputs.json')).timing.mean_ms;

const rows = [];
function target(name, value, goal, unit = 'x') {
  const known = Number.isFinite(value);
  rows.push({
    name,
    value: known ? `${value.toFixed(2)}${unit}` : 'n/a',
    goal: `>= ${goal}${unit}`,
    verdict: !known ? 'not measured' : value >= goal ? 'met' : 'MISSED',
  });
}

const real = [
  ['ssd_mobilenet_v1_0.75_uint8', 'ssd_mobilenet_v1_0.75_depth_quant_coco', 'ssd_mobilenet_v1_0.75'],
  ['ssd_mobilenet_v2_uint8', 'mobilenet_ssd_v2_coco_quant_postprocess', 'ssd_mobilenet_v2'],
];
for (const [model, file] of real) {
  target(`${model} 1 thread vs TFLite WASM (${wasm(file).toFixed(2)} ms)`, wasm(file) / ms(model, 1), 3);
}
const v2 = models.get('zoo:ssd_mobilenet_v2_float32@1');
target(`zoo v2 float32 1 thread: ${v2?.gflops.toFixed(1)} of ${peak.toFixed(1)} GFLOP/s FMA peak`,
  v2 ? (100 * v2.gflops) / peak : NaN, 30, '%');
for (const [model, , arch] of real) {
  const float = ms(`zoo:${arch}_float32`, 1);
  target(`${model} vs zoo float32 twin, 1 thread`, float / ms(model, 1), 1.5);
  target(`zoo:${arch}_uint8 vs zoo float32 twin, 1 thread`, float / ms(`zoo:${arch}_uint8`, 1), 1.5);
}
for (const model of [...new Set([...models.keys()].map((k) => k.split('@')[0]))]) {
  target(`${model}: 2 threads vs 1`, ms(model, 1) / ms(model, 2), 1.7);
}
for (const record of read('profile.json').results) {
  const small = record.profile.by_type
    .filter((r) => r.name === 'CONCATENATION' || r.name === 'TFLite_Detection_PostProcess')
    .reduce((sum, r) => sum + r.share, 0);
  rows.push({
    name: `${record.model.name}: CONCATENATION + post-processing share`,
    value: `${(100 * small).toFixed(2)}%`,
    goal: '< 3%',
    verdict: small < 0.03 ? 'met' : 'MISSED',
  });
}

console.log('\nlatency, ms per inference (real time), and effective GFLOP/s:');
for (const [key, m] of models) console.log(`  ${key.padEnd(40)} ${m.ms.toFixed(2).padStart(8)}  ${m.gflops.toFixed(1).padStart(7)}`);
console.log(`FMA peak, one core: ${peak.toFixed(1)} GFLOP/s\n`);
const width = Math.max(...rows.map((r) => r.name.length));
for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.value.padStart(8)}  ${r.goal.padEnd(8)} ${r.verdict}`);
