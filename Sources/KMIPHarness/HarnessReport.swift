public import Foundation
import KMIPSpec
import TTLVText

/// The results of a run, and their renderings: a summary table per profile and version,
/// the first mismatch of each failing file as TTLV trees, JSON and JUnit XML.
public struct HarnessReport: Sendable {
    public var results: [FileResult]

    public init(results: [FileResult]) {
        self.results = results
    }

    /// Files that fail without an override saying why: what CI must not have.
    public var unexpectedFailures: [FileResult] { results.filter(\.isUnexpectedFailure) }

    /// The version a result is counted under: the file's first request, or its name
    /// (`-21` is 2.1) when it was not read.
    static func version(of result: FileResult) -> String {
        if let version = result.version { return version.description }
        let base = (result.name as NSString).deletingPathExtension
        if let last = base.split(separator: "-").last, last.count == 2, last.allSatisfy(\.isNumber) {
            return "\(last.first!).\(last.last!)"
        }
        return "?"
    }

    /// Counts for one profile and version.
    public struct Tally: Sendable, Equatable {
        public var passed = 0, failed = 0, known = 0, skipped = 0
        /// Files run (not skipped).
        public var run: Int { passed + failed + known }
    }

    /// Tallies by profile, then version.
    public var tallies: [String: [String: Tally]] {
        var table: [String: [String: Tally]] = [:]
        for result in results {
            var tally = table[result.profile, default: [:]][Self.version(of: result), default: Tally()]
            switch result.status {
            case .passed: tally.passed += 1
            case .failed, .unreadable: tally.failed += 1
            case .known: tally.known += 1
            case .skipped: tally.skipped += 1
            }
            table[result.profile, default: [:]][Self.version(of: result)] = tally
        }
        return table
    }

    /// The summary table: a row per profile, a column per version, cells `passed/run`
    /// (`+k` known failures, `s` skipped), then totals.
    public var summaryTable: String {
        let tallies = self.tallies
        let versions = Set(tallies.values.flatMap(\.keys)).sorted()
        let profiles = tallies.keys.sorted()
        func cell(_ tally: Tally?) -> String {
            guard let tally else { return "-" }
            var text = "\(tally.passed)/\(tally.run)"
            if tally.known > 0 { text += " (\(tally.known) known)" }
            if tally.skipped > 0 { text += " (\(tally.skipped) skipped)" }
            return text
        }
        var rows = [["profile"] + versions]
        for profile in profiles {
            rows.append([profile] + versions.map { cell(tallies[profile]?[$0]) })
        }
        var totals = [String: Tally]()
        for byVersion in tallies.values {
            for (version, tally) in byVersion {
                totals[version, default: Tally()].passed += tally.passed
                totals[version, default: Tally()].failed += tally.failed
                totals[version, default: Tally()].known += tally.known
                totals[version, default: Tally()].skipped += tally.skipped
            }
        }
        rows.append(["total"] + versions.map { cell(totals[$0]) })
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }

    /// Each failing file with its first mismatch as a diff, and the known failures in one line each.
    public var failureDetails: String {
        var out = ""
        for result in results {
            switch result.status {
            case .failed(let mismatch):
                out += "FAIL \(result.path)\n  \(mismatch)\n" + mismatch.diff
            case .unreadable(let error):
                out += "FAIL \(result.path)\n  \(error.reason)\n"
            case .known(let mismatch, let reason):
                out += "known \(result.name): \(mismatch) [\(reason)]\n"
            default:
                break
            }
            if let stale = result.staleOverride {
                out += "note \(result.name) passes: its overrides entry (\(stale)) can go\n"
            }
        }
        return out
    }

    /// The JSON report: `files`, one object per file with `file`, `profile`, `version`,
    /// `passed`, `skipped` (reason or null), `known` (reason or null), `steps`, `seconds` and
    /// `first_mismatch` (null, or `step`, `path`, `kind`, `reason`, `expected`, `actual`).
    public func json() throws -> Foundation.Data {
        let files: [[String: Any]] = results.map { result in
            var object: [String: Any] = [
                "file": result.path, "profile": result.profile, "version": Self.version(of: result), "passed": result.passed,
                "steps": result.steps, "seconds": (result.seconds * 1000).rounded() / 1000,
            ]
            switch result.status {
            case .skipped(let reason): object["skipped"] = reason
            default: object["skipped"] = NSNull()
            }
            if case .known(_, let reason) = result.status { object["known"] = reason } else { object["known"] = NSNull() }
            if case .unreadable(let error) = result.status {
                object["first_mismatch"] = ["step": NSNull(), "path": "", "kind": "unreadable", "reason": error.reason]
            } else if let mismatch = result.firstMismatch {
                object["first_mismatch"] = [
                    "step": mismatch.step.map { $0 as Any } ?? NSNull(), "path": mismatch.path.joined(separator: "/"),
                    "kind": mismatch.kind.rawValue, "reason": mismatch.reason,
                    "expected": mismatch.expected.map { TTLVTree.render($0) as Any } ?? NSNull(),
                    "actual": mismatch.actual.map { TTLVTree.render($0) as Any } ?? NSNull(),
                ]
            } else {
                object["first_mismatch"] = NSNull()
            }
            return object
        }
        let passed = results.filter(\.passed).count
        let document: [String: Any] = [
            "files": files,
            "totals": ["files": results.count, "passed": passed, "unexpected_failures": unexpectedFailures.count],
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// JUnit XML: a test suite per profile and version, a test case per file; failures carry
    /// the first mismatch, known failures and skips are `skipped` with their reason.
    public var junit: String {
        let groups = Dictionary(grouping: results) { "\($0.profile) \(Self.version(of: $0))" }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"kmip test\" tests=\"\(results.count)\" failures=\"\(unexpectedFailures.count)\">\n"
        for key in groups.keys.sorted() {
            let members = groups[key]!
            let failures = members.filter(\.isUnexpectedFailure).count
            let skipped = members.filter { !$0.passed && !$0.isUnexpectedFailure }.count
            out += "  <testsuite name=\"\(TTLVXML.escape(key))\" tests=\"\(members.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\">\n"
            for result in members {
                let seconds = String(format: "%.3f", result.seconds)
                out += "    <testcase classname=\"kmip.\(TTLVXML.escape(key))\" name=\"\(TTLVXML.escape(result.name))\" time=\"\(seconds)\""
                switch result.status {
                case .passed:
                    out += "/>\n"
                    continue
                case .failed(let mismatch):
                    out += ">\n      <failure message=\"\(TTLVXML.escape(mismatch.description))\">\(TTLVXML.escape(mismatch.diff))</failure>\n"
                case .unreadable(let error):
                    out += ">\n      <failure message=\"\(TTLVXML.escape(error.reason))\"/>\n"
                case .known(let mismatch, let reason):
                    out += ">\n      <skipped message=\"\(TTLVXML.escape("known failure: \(reason); \(mismatch)"))\"/>\n"
                case .skipped(let reason):
                    out += ">\n      <skipped message=\"\(TTLVXML.escape(reason))\"/>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }
}
