package analyzer

// CheckNames exports the registry's names to the external tests.
var CheckNames = checkNames
