// What the page knows about the disk image the engine worker holds.

import type { StateCreator } from 'zustand';
import type { ErrnoError, ImageInfo } from '@engine/protocol';

export type ImageStatus =
  | { readonly kind: 'opening' }
  | { readonly kind: 'ready'; readonly info: ImageInfo }
  | { readonly kind: 'error'; readonly error: ErrnoError }
  | { readonly kind: 'released' };

export interface ImageSlice {
  readonly image: ImageStatus;
  readonly setImage: (status: ImageStatus) => void;
}

export const createImageSlice: StateCreator<ImageSlice, [], [], ImageSlice> = (
  set,
) => ({
  image: { kind: 'opening' },
  setImage: (image) => {
    set({ image });
  },
});
