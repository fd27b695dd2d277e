/** @type {import('next').NextConfig} */
export default {
  // The workspace packages are built to dist/ by `pnpm build` (turbo) before `next build`.
  reactStrictMode: true,
  typescript: { ignoreBuildErrors: false },
};
