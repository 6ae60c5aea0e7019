package qa

// SetUpgradeHook makes f run between reading rows to render again and
// writing them (see UpgradeRendered); nil removes it.
func SetUpgradeHook(f func()) { testHookBeforeUpgradeWrite = f }
