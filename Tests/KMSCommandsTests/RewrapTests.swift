import Foundation
import KMIPServer
import Testing

/// `kms rewrap` with KMIP: moving to a new key, refusals, and interruptions (the KMS failing
/// mid-rewrap, the `kms` process killed mid-rewrap): every filesystem must unlock afterwards.
@Suite(.serialized) struct RewrapTests {
    let names = ["fs1", "fs2", "fs3", "fs4"]

    /// Runs `body` with a KMIP KMS on key `old`, four encrypted filesystems, and a second key `new`.
    func prepared(_ body: (KMSTestBed, _ old: String, _ new: String) async throws -> Void) async throws {
        try await KMSTestBed.with { bed in
            let old = try await bed.makeKey()
            let new = try await bed.makeKey()
            #expect(try bed.kms(bed.setKMIP(old)).status == 0)
            for name in names { #expect(try bed.kms(["fs", "add", name, "--encrypted"]).status == 0) }
            try await body(bed, old, new)
        }
    }

    func unlockedKeys(_ bed: KMSTestBed) throws -> [String: String] {
        let result = try bed.kms(["fs", "unlock"])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        var keys: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 5, parts[1] == "unlocked" { keys[String(parts[0].dropLast())] = String(parts[4].dropLast()) }
        }
        return keys
    }

    @Test func kmipRewrapMovesEveryKeyToTheNewKeyAndRetiresTheOld() async throws {
        try await prepared { bed, old, new in
            #expect(try bed.kms(["rewrap"]).stderr.contains("kmip needs --new-key-uid"))
            #expect(try bed.kms(["rewrap", "--new-key-uid", old]).stderr.contains("is already the configured key"))
            let missing = try bed.kms(["rewrap", "--new-key-uid", "no-such-key"])
            #expect(missing.stderr.contains("key no-such-key does not work, nothing changed"), "\(missing.stderr)")
            #expect(try bed.kms(["--json"]).stdout.contains(old))

            let rewrapped = try bed.kms(["rewrap", "--new-key-uid", new])
            #expect(rewrapped.status == 0, "\(rewrapped.stderr)")
            #expect(rewrapped.stderr.contains("[1/4] fs1: rewrapped with \(new)"))
            #expect(rewrapped.stderr.contains("[4/4] fs4: rewrapped with \(new)"))
            let shown = try #require(try JSONSerialization.jsonObject(with: Data(try bed.kms(["--json"]).stdout.utf8)) as? [String: Any])
            #expect(shown["keyIdentifier"] as? String == new)
            #expect(shown["retiredKeys"] as? [String] == [old])
            try await bed.destroy(old)
            #expect(try unlockedKeys(bed) == Dictionary(uniqueKeysWithValues: names.map { ($0, new) }))
        }
    }

    @Test func theKMSFailingMidRewrapLosesNothingAndTheRewrapResumes() async throws {
        try await prepared { bed, old, new in
            // The probe and two filesystems get through; the third Encrypt fails.
            await bed.gate.set(.fail(after: 3))
            let stopped = try bed.kms(["rewrap", "--new-key-uid", new])
            #expect(stopped.status != 0)
            #expect(stopped.stderr.contains("Error: rewrap stopped at [3/4] fs3, nothing lost"), "\(stopped.stderr)")
            #expect(try bed.kms(["--json"]).stdout.contains("\"keyIdentifier\" : \"\(old)\""))
            await bed.gate.set(.pass)
            #expect(try unlockedKeys(bed) == ["fs1": new, "fs2": new, "fs3": old, "fs4": old])

            let resumed = try bed.kms(["rewrap", "--new-key-uid", new])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(resumed.stderr.contains("[1/4] fs1: already wrapped by \(new)"))
            #expect(resumed.stderr.contains("[3/4] fs3: rewrapped with \(new)"))
            try await bed.destroy(old)
            #expect(try unlockedKeys(bed) == Dictionary(uniqueKeysWithValues: names.map { ($0, new) }))
        }
    }

    @Test func aKilledRewrapLeavesEveryFilesystemUnlockable() async throws {
        try await prepared { bed, old, new in
            // The probe and one filesystem get through; the second Encrypt never answers.
            await bed.gate.set(.hold(after: 2))
            let process = try bed.start(["rewrap", "--new-key-uid", new])
            var waited = 0
            while await !bed.gate.holding, waited < 600 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            #expect(await bed.gate.holding)
            kill(process.processIdentifier, SIGKILL)
            waited = 0
            while process.isRunning, waited < 200 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            #expect(!process.isRunning)
            await bed.gate.release()

            let progress = try String(contentsOfFile: bed.file("spawned.err"), encoding: .utf8)
            #expect(progress.contains("[1/4] fs1: rewrapped with \(new)"))
            #expect(try unlockedKeys(bed) == ["fs1": new, "fs2": old, "fs3": old, "fs4": old])

            let resumed = try bed.kms(["rewrap", "--new-key-uid", new])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            try await bed.destroy(old)
            #expect(try unlockedKeys(bed) == Dictionary(uniqueKeysWithValues: names.map { ($0, new) }))
        }
    }

    @Test func theServerGoneMidWayLeavesTheStateAsItWas() async throws {
        try await prepared { bed, old, new in
            await bed.stopServer()
            let down = try bed.kms(["rewrap", "--new-key-uid", new])
            #expect(down.status != 0)
            #expect(down.stderr.contains("does not work, nothing changed"), "\(down.stderr)")
            let locked = try bed.kms(["fs", "unlock"])
            #expect(locked.status != 0)
            #expect(locked.stdout.contains("fs1: locked: KMIP Decrypt with key \(old)"))
            #expect(try bed.kms(["--json"]).stdout.contains(old))
        }
    }
}
