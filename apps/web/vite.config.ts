import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  server: {
    // Same origin as in production, where the server serves both the API and this build.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
