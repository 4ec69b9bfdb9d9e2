import Foundation

/// Finds a Python for an interop peer: the one an environment variable names, else `python3`,
/// provided it can import the peer's modules.
public enum PythonProbe {
    /// The Python from `variable` (or `python3`) if `import <modules>` succeeds with it.
    public static func find(variable: String, imports modules: String) -> String? {
        let candidate = ProcessInfo.processInfo.environment[variable] ?? "python3"
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = [candidate, "-c", "import \(modules)"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return nil }
        probe.waitUntilExit()
        return probe.terminationStatus == 0 ? candidate : nil
    }
}
