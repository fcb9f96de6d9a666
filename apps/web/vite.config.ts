import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The API server for `vite` and `vite preview`; another port when several servers run side by side. */
const apiTarget = process.env.API_TARGET ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    rolldownOptions: {
      output: {
        // The libraries every page needs, in chunks of their own (each under 500 kB): they change
        // less often than the app, so a deploy leaves them cached, and the browser fetches them in parallel.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 2,
            },
            {
              name: 'mantine',
              test: /node_modules[\\/](@mantine[\\/](core|hooks)|@floating-ui[\\/][^\\/]+)[\\/]/,
              priority: 1,
            },
          ],
        },
      },
    },
  },
  server: {
    // Same origin as in production, where the server serves both the API and this build. The
    // browser's Host goes through unchanged, so the server's cross-site check sees its own origin.
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
