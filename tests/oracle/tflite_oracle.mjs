#!/usr/bin/env node
// Runs a .tflite model with real TensorFlow Lite, compiled to WebAssembly
// (npm @tensorflow/tfjs-tflite, package/wasm/, fetched into cache/tflite-wasm
// by scripts/fetch-models.sh), so tests can compare edgebench with it.
//
//   node tests/oracle/tflite_oracle.mjs --model M --input in.bin --outdir D
//        [--threads 1] [--wasm-dir DIR] [--runs N]
//
// --input holds the exact bytes of input tensor 0; give --input once per
// input tensor for models with several. Writes D/output_<i>.bin (raw bytes of
// output i, in the model's output order) and D/outputs.json describing the
// inputs and outputs (name, dtype, shape), the runtime, and the nodes the
// interpreter ran (from its profiler), which shows what the XNNPACK delegate
// took over. With --runs N the profiler is off, and after the first
// inference N more are timed (wall clock around Infer() only): outputs.json
// then holds "timing" {runs, mean_ms, median_ms, min_ms}, for the speed
// comparison in scripts/perf-targets.sh. Errors are one line on stderr and
// exit code 1.
//
// Note: this build always applies TensorFlow Lite's XNNPACK delegate (it has
// no option to turn it off); on uint8 models the delegate runs CONV_2D,
// DEPTHWISE_CONV_2D, LOGISTIC and the like with XNNPACK's kernels, so those
// ops round the way XNNPACK does, not the way TFLite's reference kernels do.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const PACKAGE = '@tensorflow/tfjs-tflite@0.0.1-alpha.10';
const GLUE = 'tflite_web_api_cc_simd.js';
const BINARY = 'tflite_web_api_cc_simd.wasm';

class OracleError extends Error {}

function fail(message) {
  throw new OracleError(message);
}

function parseArgs(argv) {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const args = {
    model: null,
    inputs: [],
    outdir: null,
    threads: 1,
    runs: 0,
    wasmDir: path.join(repoRoot, 'cache', 'tflite-wasm'),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const known = ['--model', '--input', '--outdir', '--threads', '--wasm-dir', '--runs'];
    if (!known.includes(flag)) fail(`unknown argument '${flag}' (expected ${known.join(', ')})`);
    if (value === undefined) fail(`${flag} needs a value`);
    i++;
    if (flag === '--model') args.model = value;
    if (flag === '--input') args.inputs.push(value);
    if (flag === '--outdir') args.outdir = value;
    if (flag === '--wasm-dir') args.wasmDir = value;
    if (flag === '--runs') {
      args.runs = Number(value);
      if (!Number.isInteger(args.runs) || args.runs < 1) {
        fail(`--runs must be a positive integer, got '${value}'`);
      }
    }
    if (flag === '--threads') {
      args.threads = Number(value);
      if (!Number.isInteger(args.threads) || args.threads < 1) {
        fail(`--threads must be a positive integer, got '${value}'`);
      }
    }
  }
  if (!args.model) fail('--model is required');
  if (args.inputs.length === 0) fail('--input is required');
  if (!args.outdir) fail('--outdir is required');
  return args;
}

function readFile(file, what) {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    fail(`cannot read ${what} ${file}: ${e.code || e.message}`);
  }
}

// The emscripten module is built for browsers; under Node it still works when
// handed the .wasm bytes, since it then never needs to fetch anything.
async function loadRuntime(wasmDir, log) {
  const glue = path.join(wasmDir, GLUE);
  if (!fs.existsSync(glue)) {
    fail(`${glue} not found (run scripts/fetch-models.sh to fetch ${PACKAGE})`);
  }
  const wasmBinary = readFile(path.join(wasmDir, BINARY), 'WebAssembly binary');
  const factory = createRequire(import.meta.url)(glue);
  return factory({ wasmBinary, print: (s) => log.push(s), printErr: (s) => log.push(s) });
}

// Copies an embind std::vector into a JS array and frees the C++ vector.
function toArray(vector) {
  try {
    const items = [];
    for (let i = 0; i < vector.size(); i++) items.push(vector.get(i));
    return items;
  } finally {
    vector.delete();
  }
}

function bytesOf(info) {
  const view = info.data();
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function describe(info) {
  const shape = info.shape === '' ? [] : info.shape.split(',').map(Number);
  return { name: info.name, dtype: info.dataType, shape, bytes: info.data().byteLength };
}

// TFLite's own reason (printed through emscripten) is more telling than the
// status message, so errors carry the last line it printed.
function lastLogLine(log) {
  const lines = log.filter((l) => !l.startsWith('INFO:'));
  return lines.length ? ` (${lines[lines.length - 1].replace(/\s+/g, ' ').trim()})` : '';
}

function createRunner(module, model, threads, profile, log) {
  const ptr = module._malloc(model.length);
  if (!ptr) fail(`cannot allocate ${model.length} bytes for the model in WebAssembly memory`);
  module.HEAPU8.set(model, ptr);
  const created = module.TFLiteWebModelRunner.CreateFromBufferAndOptions(ptr, model.length, {
    numThreads: threads,
    enableProfiling: profile,
    maxProfilingBufferEntries: 4096,
  });
  if (!created.ok()) {
    const reason = created.errorMessage().replace(/\s+/g, ' ');
    fail(`TensorFlow Lite rejected the model: ${reason}${lastLogLine(log)}`);
  }
  // The model buffer must outlive the runner: TFLite reads it in place.
  return created.value();
}

function setInputs(runner, args) {
  const inputs = toArray(runner.GetInputs());
  if (inputs.length !== args.inputs.length) {
    fail(`model has ${inputs.length} input(s), got ${args.inputs.length} --input file(s)`);
  }
  inputs.forEach((info, i) => {
    const bytes = readFile(args.inputs[i], `input ${i}`);
    const target = bytesOf(info);
    if (bytes.length !== target.length) {
      fail(
        `input ${i} (${info.name}, ${info.dataType}[${info.shape}]) needs ` +
          `${target.length} bytes, ${args.inputs[i]} has ${bytes.length}`,
      );
    }
    target.set(bytes);
  });
  return inputs.map(describe);
}

// Times `runs` inferences after the one already made.
function timeInferences(runner, runs, log) {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    if (!runner.Infer()) fail(`TensorFlow Lite inference failed${lastLogLine(log)}`);
    ms.push(performance.now() - start);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  const mean = ms.reduce((a, b) => a + b, 0) / runs;
  const median = runs % 2 ? sorted[(runs - 1) / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
  return { runs, mean_ms: mean, median_ms: median, min_ms: sorted[0] };
}

function profiledNodes(runner) {
  return toArray(runner.GetProfilingResults()).map((p) => ({ type: p.nodeType, name: p.nodeName }));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const model = readFile(args.model, 'model');
  const log = [];
  const module = await loadRuntime(args.wasmDir, log);
  const runner = createRunner(module, model, args.threads, args.runs === 0, log);
  const inputs = setInputs(runner, args);
  if (!runner.Infer()) fail(`TensorFlow Lite inference failed${lastLogLine(log)}`);

  // Shapes are read after Infer: TFLite may resize outputs while preparing.
  const outputs = toArray(runner.GetOutputs());
  try {
    fs.mkdirSync(args.outdir, { recursive: true });
  } catch (e) {
    fail(`cannot create output folder ${args.outdir}: ${e.code || e.message}`);
  }
  outputs.forEach((info, i) => {
    fs.writeFileSync(path.join(args.outdir, `output_${i}.bin`), bytesOf(info));
  });
  const timing = args.runs > 0 ? timeInferences(runner, args.runs, log) : undefined;
  const nodes = args.runs > 0 ? [] : profiledNodes(runner);
  const report = {
    runtime: `TensorFlow Lite WebAssembly (${PACKAGE}, ${GLUE})`,
    model: path.resolve(args.model),
    threads: args.threads,
    // Only known when profiled (without --runs).
    xnnpack_delegate: args.runs > 0 ? undefined : nodes.some((n) => n.type === 'TfLiteXNNPackDelegate'),
    timing,
    inputs,
    outputs: outputs.map(describe),
    nodes,
    log,
  };
  fs.writeFileSync(path.join(args.outdir, 'outputs.json'), JSON.stringify(report, null, 2) + '\n');
  runner.delete();
}

main().catch((e) => {
  const message = e instanceof OracleError ? e.message : `unexpected: ${e && e.stack ? e.stack.split('\n')[0] : e}`;
  process.stderr.write(`tflite_oracle: error: ${message}\n`);
  process.exit(1);
});
