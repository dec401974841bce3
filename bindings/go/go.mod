module tokqual.dev/tokqual

go 1.21
