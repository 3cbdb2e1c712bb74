/**
 * A stand-in for the picture renderer (AppOptions.drawPictures) that holds
 * every drawing until the test opens its gate, then draws for real: what a
 * face sends while pictures are still being drawn can be checked without
 * racing the renderer.
 */
import type {
  DiagnosisPictures,
  DrawPictures,
} from '../../src/core/commands/diagnosis-pictures.js';
import { diagnosisPictures } from '../../src/core/commands/diagnosis-pictures.js';

export interface GatedPictures {
  draw: DrawPictures;
  /** Lets every drawing asked for so far, and any later one, go on. */
  open(): void;
  /** Drawings asked for so far. */
  readonly asked: number;
}

/** `then` decides what a drawing gives once the gate is open (default: the real pictures). */
export function gatedPictures(then: DrawPictures = diagnosisPictures): GatedPictures {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let asked = 0;
  return {
    draw: async (d, pictures, source): Promise<DiagnosisPictures> => {
      asked++;
      await gate;
      return then(d, pictures, source);
    },
    open: () => open(),
    get asked() {
      return asked;
    },
  };
}

/**
 * A renderer whose PNG cannot be drawn: the other pictures are drawn for
 * real and `failure` is the reason the PNG is missing.
 */
export function withoutPng(failure: string): DrawPictures {
  return async (d, pictures, source) => {
    const drawn = await diagnosisPictures(
      d,
      pictures.filter((p) => p !== 'png'),
      source,
    );
    return { files: drawn.files, failures: [failure] };
  };
}
