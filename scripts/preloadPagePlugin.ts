// A Vite plugin for production builds: the entry (app/main.tsx) starts the engine worker, then imports the page
// dynamically, so Vite's own modulepreload links (static imports only) would leave the page's code to be
// requested only once the entry has run. This adds a modulepreload link for each chunk the entry imports
// dynamically and for everything those import statically, and links their stylesheets as the entry's own
// are: the browser fetches the page beside the entry, and the first paint has every style.

import type { HtmlTagDescriptor, Plugin, Rollup } from 'vite';

/** The chunks `entry` imports dynamically, with their static imports (but not `entry`), each once. */
function pageChunks(
  entry: Rollup.OutputChunk,
  bundle: Rollup.OutputBundle,
): string[] {
  const out: string[] = [];
  const visit = (fileName: string) => {
    if (fileName === entry.fileName || out.includes(fileName)) return;
    const chunk = bundle[fileName];
    if (chunk === undefined || chunk.type !== 'chunk') return;
    out.push(fileName);
    for (const dep of chunk.imports) visit(dep);
  };
  for (const fileName of entry.dynamicImports) visit(fileName);
  return out;
}

export function preloadPage(): Plugin {
  let base = './';
  return {
    name: 'iomap-explorer-preload-page',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler: (_html, ctx): HtmlTagDescriptor[] => {
        const { chunk, bundle } = ctx;
        if (chunk === undefined || bundle === undefined) return [];
        const href = (fileName: string) =>
          `${base === '' ? './' : base}${fileName}`;
        const chunks = pageChunks(chunk, bundle);
        const styles = chunks.flatMap((fileName) => {
          const page = bundle[fileName];
          return page?.type === 'chunk'
            ? [...(page.viteMetadata?.importedCss ?? [])]
            : [];
        });
        return [
          ...styles.map((fileName) => ({
            tag: 'link',
            attrs: {
              rel: 'stylesheet',
              crossorigin: true,
              href: href(fileName),
            },
            injectTo: 'head' as const,
          })),
          ...chunks.map((fileName) => ({
            tag: 'link',
            attrs: {
              rel: 'modulepreload',
              crossorigin: true,
              href: href(fileName),
            },
            injectTo: 'head' as const,
          })),
        ];
      },
    },
  };
}
