module github.com/gaitd/gaitd

go 1.26
