module tokqual.dev/examples/quickstart

go 1.21

require tokqual.dev/tokqual v0.1.0

// In the source tree: the binding next door. A project of your own leaves this out (or
// points it at its copy of bindings/go).
replace tokqual.dev/tokqual => ../../bindings/go
