const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The HTML shell of the dashboard or the portal: no inline script or style (the CSP forbids them),
 * one script and one stylesheet from the same origin, and nothing from a CDN.
 */
export function pageHtml(kind: "dashboard" | "portal", prefix: string): string {
  const p = escapeHtml(prefix);
  const title = kind === "dashboard" ? "Hookwire dashboard" : "Webhooks";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="${p}/app.css">
<script src="${p}/app.js" defer></script>
</head>
<body data-mode="${kind}" data-prefix="${p}">
<noscript>This page needs JavaScript.</noscript>
<main id="app"></main>
</body>
</html>
`;
}
