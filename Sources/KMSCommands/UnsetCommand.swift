import ArgumentParser

/// `kms unset [--allow-downgrade]`: remove the KMS (R8).
struct UnsetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unset", abstract: "Remove the KMS; refused while encrypted filesystems use it, unless --allow-downgrade.")

    @OptionGroup var state: StateOptions
    @Flag(help: "Re-wrap the filesystem keys with local encryption (insecure) and remove the KMS anyway.") var allowDowngrade = false

    func run() async throws {
        let state = try state.open()
        guard let configuration = try state.configuration() else { throw KMSError("no KMS is configured") }
        let wrapped = try state.filesystems().filter { $0.encrypted && $0.current?.scheme != .local }
        if !wrapped.isEmpty && !allowDowngrade {
            throw KMSError("\(wrapped.count) encrypted filesystem(s) use the KMS; give --allow-downgrade to re-wrap their keys with local encryption (insecure)")
        }
        let keyRing = try KeyRing(state: state, configuration: configuration)
        let local = try keyRing.local()
        let downgraded = try await closing(keyRing.kms.map { [$0] } ?? []) {
            var downgraded: [(String, Wrapping)] = []
            for filesystem in wrapped {
                do {
                    downgraded.append((filesystem.name, try await keyRing.rewrap(filesystem, with: local)))
                } catch {
                    throw KMSError("cannot downgrade '\(filesystem.name)', nothing changed: \(error)")
                }
            }
            return downgraded
        }
        try state.file.transaction { () throws(KMSError) in
            for (name, wrapping) in downgraded {
                try state.append(wrapping, to: name)
                try state.setCustom(nil, of: name)
            }
            try state.prune()
            try state.removeConfiguration()
        }
        if !downgraded.isEmpty {
            Output.note("warning: the keys of \(downgraded.count) encrypted filesystem(s) are now wrapped by local encryption and may be compromised")
        }
        print("KMS unset")
    }
}
