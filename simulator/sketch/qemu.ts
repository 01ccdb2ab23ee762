// Sketches on QEMU boards (placeholder until the minimal cores exist).
import { BuildResult } from '../build';
import { SketchMachine } from './machine';

export function startQemuSketch(b: BuildResult, _timeoutMs: number): SketchMachine {
  throw new Error(`board ${b.board.name}: sketches not supported yet`);
}
