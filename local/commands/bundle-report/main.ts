import { bundleHandler } from "../../../components/bundle";

/** Prints each handler archive's size: the figure the Lambda archives are kept under (4 KB of code each). */
const HANDLERS = ["functions/validate-order/handler.ts", "functions/authorize-payment/handler.ts"];

for (const entry of HANDLERS) {
  const bundle = bundleHandler(entry);
  const sizes = Object.entries(bundle.files).map(([file, text]) => `${file} ${Buffer.byteLength(text)} B`);
  console.log(`${entry}: ${sizes.join(", ")}`);
}
