// ESLint for the course's JavaScript (r2p_course/widgets/static/): real ES modules for the
// browser, so a name used but never defined or imported is an error (no-undef), as is an
// import or variable left unused. `make test` runs it (tests/test_assets.py).
import globals from "globals";

export default [
  {
    files: ["r2p_course/widgets/static/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "no-undef": "error",
      "no-unused-vars": ["error", { args: "none" }],
      "no-redeclare": "error",
      "no-dupe-keys": "error",
      "no-import-assign": "error",
    },
  },
];
