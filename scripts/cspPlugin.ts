// A Vite plugin for production builds: puts the site's Content-Security-Policy in the built index.html as a
// <meta http-equiv> tag, so any static host serves it. One rule: nothing runs but the build's own files.
//
// Build only: the dev server's hot reload and React refresh inject inline scripts and <style> tags, which
// this policy forbids (the e2e suite runs against the build, so the policy is what it tests).

import type { Plugin } from 'vite';

/**
 * The policy. Scripts, workers (the engine's module worker and sw.js), styles, fetches and fonts come from
 * the site itself only: no inline script, no eval, no plugin objects, no <base>, no form posts. Images may
 * also be `blob:`: the PNG export draws the view's SVG from a blob URL into a canvas (the canvas snapshots
 * inside that SVG are `data:` URLs, but an SVG loaded as an image is its own document, outside this policy).
 * `frame-ancestors` cannot be set from a <meta> tag (the browser ignores it there): a host that wants it
 * sends the policy as a header (docs/hosting.md).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function contentSecurityPolicy(): Plugin {
  return {
    name: 'iomap-explorer-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: {
            'http-equiv': 'Content-Security-Policy',
            content: CONTENT_SECURITY_POLICY,
          },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}
