import Foundation
import KMIPTestSupport
import Testing
import VaultTransit

/// The mock checked against a real client: `Tools/interop/hvac_suite.py` drives it with hvac
/// and decrypts its ciphertexts with `cryptography`'s AESGCM.
///
/// Runs when a Python with hvac and cryptography is found (`KMIP_HVAC_PYTHON`, else
/// `python3`); CI sets `KMIP_REQUIRE_HVAC=1`, which turns a missing hvac into a failure.
@Suite(.serialized, .enabled(if: HvacPython.isAvailable, "hvac is not installed (pip install hvac cryptography)"))
struct HvacInteropTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func hvacDrivesTheMockAndAESGCMDecryptsItsCiphertexts() async throws {
        let python = try #require(HvacPython.python, "KMIP_REQUIRE_HVAC=1 but no Python with hvac and cryptography (set KMIP_HVAC_PYTHON)")
        try await MockVaultFixture.withMock { mock in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [python, Self.root.appendingPathComponent("Tools/interop/hvac_suite.py").path,
                                 "--addr", mock.address, "--ca", MockVaultFixture.pki.caFile]
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VAULT_") }
            environment["HVAC_SUITE_TOKEN"] = mock.makeRootToken()
            process.environment = environment
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let pid = process.processIdentifier
            // Bounded in time: a hung client is killed after two minutes.
            let watchdog = Task { () -> Bool in
                do { try await Task.sleep(for: .seconds(120)) } catch { return false }
                kill(pid, SIGKILL)
                return true
            }
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            watchdog.cancel()
            let killed = await watchdog.value
            try #require(!killed, "the hvac suite took longer than two minutes: \(text)")
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(text)")
            #expect(text.contains("OK "), "\(text)")
            // The key hvac created and rotated is there for the Swift client too.
            let client = try MockVaultFixture.client(mock, .token(mock.makeRootToken()))
            #expect(try await client.readKey("hvac-key").latestVersion == 2)
            await client.shutdown()
        }
    }
}

/// A Python that can import hvac and cryptography: `KMIP_HVAC_PYTHON`, else `python3`.
enum HvacPython {
    static let python: String? = PythonProbe.find(variable: "KMIP_HVAC_PYTHON", imports: "hvac, cryptography")

    static var isAvailable: Bool { python != nil || ProcessInfo.processInfo.environment["KMIP_REQUIRE_HVAC"] == "1" }
}
