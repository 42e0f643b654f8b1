module pubcheck.test/corpus

go 1.26.0
