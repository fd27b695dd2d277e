export default function Home() {
  return (
    <main>
      <h1>Hookwire + Next.js</h1>
      <p>
        POST signed webhooks to /webhooks/github or /webhooks/stripe (App Router) or /api/webhooks/… (Pages
        Router).
      </p>
    </main>
  );
}
