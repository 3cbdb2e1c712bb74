/**
 * A picture renderer for a worker thread (WorkerSetup.drawPictures) that
 * never finishes: what happens to pictures still being drawn when their
 * worker stops, or when they take too long, can then be tested without
 * racing the real renderer.
 */
import type { DiagnosisPictures } from '../../src/core/commands/diagnosis-pictures.js';

export function drawPictures(): Promise<DiagnosisPictures> {
  return new Promise<DiagnosisPictures>(() => undefined);
}
