package auth

// PasswordScore is passwordScore, for the tests of package auth_test.
var PasswordScore = passwordScore
