// ESM, as the package is `"type": "module"`; a .cjs file would fall outside the linted TypeScript project.
export default {
  plugins: {
    'postcss-preset-mantine': {},
  },
};
