// The generator version stamped into every generated file. Bump it when the
// shape of the output changes; never put a timestamp in generated files.
export const GENERATOR_VERSION = '0.1.0';
