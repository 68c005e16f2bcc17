// The application shell: header and panels.

import type { ImageActions } from './client/imageActions.ts';
import { ImagePanel } from './panels/ImagePanel.tsx';

export function App({ actions }: { actions: ImageActions }) {
  return (
    <div className="app">
      <header className="app-header">
        <h1>iomap-explorer</h1>
        <p className="tagline">
          A buffered write through the page cache, iomap and btrfs, step by
          step.
        </p>
      </header>
      <main>
        <ImagePanel
          onReset={() => void actions.reset()}
          onRetry={() => void actions.open()}
        />
      </main>
    </div>
  );
}
