// Minimal Arduino cores for boards that have none here (placeholder until written).
import { BoardProfile } from '../boards';
import { BuildError, BuildResult } from '../build';

export function buildWithMiniCore(board: BoardProfile, _ino: string, _dir: string, _defines: string[]): BuildResult & { log: string } {
  throw new BuildError(`board ${board.name}: no Arduino core for sketches yet`);
}
