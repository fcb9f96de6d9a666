import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  server: {
    // Same origin as in production, where the server serves both the API and this build. The
    // browser's Host goes through unchanged, so the server's cross-site check sees its own origin.
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
