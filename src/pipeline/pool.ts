// A fixed pool of processing workers, reused across files. Each task has a
// time limit; a worker that overruns or dies is replaced and its file fails
// with a clear reason, while the other files go on.
import { Worker } from 'node:worker_threads';
import { InputError, type NormalisedDocument } from '../model.ts';
import type { ProcessOptions } from './process.ts';
import type { ReaderNeeds } from '../readers/index.ts';

const ENTRY = new URL('./worker-entry.js', import.meta.url);

interface Task {
  id: number;
  bytes: Uint8Array;
  name: string;
  opts: ProcessOptions;
  /** the worker that should read it (planned lanes, lanes.ts); any when absent */
  lane?: number;
  /** OCR pages read so far, as the worker reports them */
  onPages?: (pages: number) => void;
  resolve: (read: WorkerRead) => void;
  reject: (err: Error) => void;
}

/** A document a worker read, and the time it took there (ms). */
export interface WorkerRead {
  doc: NormalisedDocument;
  ms: number;
}

interface Slot {
  /** its place in the pool: a replacement takes the same, and the same lane */
  index: number;
  worker: Worker;
  task: Task | null;
  timer: NodeJS.Timeout | null;
}

export interface PoolOptions {
  size: number;
  /** per-file time limit in ms */
  timeoutMs: number;
  /** heap limit per worker, so a memory bomb kills a worker, not the run */
  maxHeapMb?: number;
}

export class WorkerPool {
  private slots: Slot[] = [];
  private waiting: Task[] = [];
  private nextId = 1;
  private closed = false;
  private needs: ReaderNeeds | null = null;
  private laneNeeds = new Map<number, ReaderNeeds>();

  constructor(private readonly options: PoolOptions) {}

  /** `lane`: the worker (0 to size - 1) that reads the file, so one isolate
   * keeps to the readers it has compiled; any free worker when absent. */
  process(bytes: Uint8Array, name: string, opts: ProcessOptions, lane?: number): Promise<WorkerRead> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    // a function does not cross to a worker: its calls come back as messages
    // (a worker reads one file at a time, so nothing there waits on others)
    const { onPages, onWait: _, ...sent } = opts;
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, bytes, name, opts: sent, lane: lane === undefined ? undefined : lane % this.options.size, onPages, resolve, reject });
      this.dispatch();
    });
  }

  /** Start every worker now (each loads the pipeline, a few hundred ms), so
   * they load while the folders are still being walked. */
  warm(): void {
    for (let i = 0; i < this.options.size && !this.closed; i++) this.slotAt(i);
  }

  /** What a worker should load before its first file (readers/index.ts
   * prepareReaders): every worker's, or the one at place `lane`; workers
   * started later (replacements) are told at their start. */
  prepare(needs: ReaderNeeds, lane?: number): void {
    if (lane === undefined) {
      this.needs = needs;
      this.laneNeeds.clear();
    } else this.laneNeeds.set(lane % this.options.size, needs);
    for (const s of this.slots) if (lane === undefined || s.index === lane % this.options.size) s.worker.postMessage({ prepare: needs });
  }

  /** the worker at place i, started if it is not running */
  private slotAt(i: number): Slot {
    let slot = this.slots.find((s) => s.index === i);
    if (!slot) this.slots.push((slot = this.spawn(i)));
    return slot;
  }

  private spawn(index: number): Slot {
    const worker = new Worker(ENTRY, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 768, maxYoungGenerationSizeMb: 16 },
    });
    const slot: Slot = { index, worker, task: null, timer: null };
    const needs = this.laneNeeds.get(index) ?? this.needs;
    if (needs) worker.postMessage({ prepare: needs });
    worker.on('message', (msg: { id: number; ok: boolean; pages?: number; doc?: NormalisedDocument; ms?: number; error?: { message: string; stage: InputError['stage'] } }) => {
      const task = slot.task;
      if (!task || task.id !== msg.id) return;
      if (msg.pages !== undefined) {
        task.onPages?.(msg.pages);
        return;
      }
      this.finish(slot);
      if (msg.ok) task.resolve({ doc: msg.doc!, ms: msg.ms ?? 0 });
      else task.reject(new InputError(msg.error!.message, msg.error!.stage));
      this.dispatch();
    });
    const lost = (why: string) => {
      const task = slot.task;
      this.finish(slot);
      this.replace(slot);
      task?.reject(new InputError(why, 'read'));
      this.dispatch();
    };
    worker.on('error', (err) => lost(`reader crashed: ${err.message}`));
    worker.on('exit', (code) => {
      if (!this.closed && slot.task) lost(`reader stopped unexpectedly (exit ${code})`);
    });
    worker.unref();
    return slot;
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
  }

  private replace(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    if (i >= 0) this.slots.splice(i, 1);
  }

  private dispatch(): void {
    for (let k = 0; k < this.waiting.length; k++) {
      const task = this.waiting[k]!;
      const slot = this.freeSlotFor(task);
      if (!slot) continue;
      this.waiting.splice(k--, 1);
      slot.task = task;
      slot.worker.ref();
      slot.timer = setTimeout(() => {
        if (slot.task !== task) return;
        this.finish(slot);
        this.replace(slot);
        task.reject(new InputError(`timed out after ${+(this.options.timeoutMs / 1000).toPrecision(3)} s (per-file limit)`, 'read'));
        this.dispatch();
      }, this.options.timeoutMs);
      const { id, bytes, name, opts } = task;
      slot.worker.postMessage({ id, bytes, name, opts });
    }
    for (const s of this.slots) if (!s.task) s.worker.unref();
  }

  /** the task's own worker if it is free; without a lane, any free worker */
  private freeSlotFor(task: Task): Slot | undefined {
    if (task.lane !== undefined) {
      const slot = this.slotAt(task.lane);
      return slot.task ? undefined : slot;
    }
    for (let i = 0; i < this.options.size; i++) {
      const slot = this.slotAt(i);
      if (!slot.task) return slot;
    }
    return undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.waiting) t.reject(new Error('worker pool closed'));
    this.waiting = [];
    // an idle worker is asked to end, so its exit handlers run; one still busy
    // (a run stopped by Ctrl-C) is terminated
    await Promise.all(this.slots.map((s) => (s.task ? s.worker.terminate() : endWorker(s.worker))));
    this.slots = [];
  }
}

/** Asks a worker to exit, and terminates it if it has not within `ms`. */
function endWorker(worker: Worker, ms = 5000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => void worker.terminate().then(() => resolve(), () => resolve()), ms);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.postMessage({ close: true });
  });
}
