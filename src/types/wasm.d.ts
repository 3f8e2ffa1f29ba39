/** A `.wasm` file imported by a browser module: its bytes (esbuild's binary loader, see scripts/bundle-browser.mjs). */
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}
