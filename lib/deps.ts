/**
 * The npm packages the library face (`mod.ts`) reaches, named once, by versioned `npm:`
 * specifiers: a program outside this repository imports `mod.ts` without this repository's
 * import map, where bare names (`@cloudamqp/amqp-client`) would not resolve. The versions are
 * the ones `deno.json` pins (tests/package_imports_test.ts keeps them the same), so inside the
 * repository these and the bare names are the same packages.
 *
 * @module
 */
export * from "npm:@cloudamqp/amqp-client@4.1.1";
export { AMQPView } from "npm:@cloudamqp/amqp-client@4.1.1/amqp-view";
export type { AMQPTlsOptions } from "npm:@cloudamqp/amqp-client@4.1.1/amqp-tls-options";
export * as hdr from "npm:hdr-histogram-js@3.0.1";
export { RE2JS } from "npm:re2js@2.10.0";
