/** Warming the picture renderer: it draws one tiny picture and leaves the next one its own cost only. */
import { describe, expect, it } from 'vitest';
import { renderPng } from '../../../src/core/render/png.js';
import { warmPictures } from '../../../src/core/render/warm-pictures.js';

describe('warmPictures', () => {
  it('loads the renderer and the fonts, and can be called again', async () => {
    await expect(warmPictures()).resolves.toBeUndefined();
    await expect(warmPictures()).resolves.toBeUndefined();
    const png = await renderPng(
      '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>',
    );
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  });
});
