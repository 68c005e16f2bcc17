// The views the first screen does not carry, each loaded by what first needs it: compare (by a session
// show that asks for a second design), the guides (app/guide/guides.ts) and the canvas page cache of a
// large file (by the page cache panel).

import { lazyModule } from './lazyModule.ts';

export const compareModule = lazyModule(
  () => import('../panels/CompareView.tsx'),
);

export const tutorialModule = lazyModule(async () => {
  const [actions, view] = await Promise.all([
    import('../tutorials/tutorialActions.ts'),
    import('../tutorials/TutorialPanel.tsx'),
  ]);
  return { ...actions, ...view };
});

export const walkthroughModule = lazyModule(async () => {
  const [actions, view] = await Promise.all([
    import('../walkthrough/walkthroughActions.ts'),
    import('../walkthrough/WalkthroughView.tsx'),
  ]);
  return { ...actions, ...view };
});

export const pageCanvasModule = lazyModule(
  () => import('../panels/PageCanvas.tsx'),
);
