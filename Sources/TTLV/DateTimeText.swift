/// xsd:dateTime text for KMIP Date-Time values, without Foundation.
///
/// Writing always uses UTC with a `+00:00` offset, as the OASIS vectors do. Reading accepts
/// `yyyy-mm-ddThh:mm:ss`, optional fractional seconds, and `Z`, `+hh:mm`, `-hh:mm` or no
/// offset (taken as UTC).
public enum DateTimeText {
    /// Formats seconds since the epoch: `2008-03-14T11:56:40+00:00`.
    public static func format(seconds: Int64) -> String {
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civil(fromDays: days)
        let hour = secondOfDay / 3600, minute = secondOfDay / 60 % 60, second = secondOfDay % 60
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))+00:00"
    }

    /// Formats microseconds since the epoch with six fractional digits:
    /// `2008-03-14T11:56:40.000000+00:00`.
    public static func format(microseconds: Int64) -> String {
        let (seconds, fraction) = floorDivide(microseconds, 1_000_000)
        var text = format(seconds: seconds)
        text.insert(contentsOf: "." + pad(fraction, 6), at: text.index(text.endIndex, offsetBy: -6))
        return text
    }

    /// Parses to seconds since the epoch; fractional seconds are dropped (KMIP-Prof says
    /// to truncate them). `nil` when the text is not an xsd:dateTime.
    public static func parseSeconds(_ text: some StringProtocol) -> Int64? {
        parse(text).map { $0.seconds }
    }

    /// Parses to microseconds since the epoch; digits beyond the sixth are dropped.
    public static func parseMicroseconds(_ text: some StringProtocol) -> Int64? {
        guard let (seconds, micros) = parse(text) else { return nil }
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        guard !overflow else { return nil }
        let (sum, overflow2) = product.addingReportingOverflow(micros)
        return overflow2 ? nil : sum
    }

    private static func parse(_ text: some StringProtocol) -> (seconds: Int64, micros: Int64)? {
        var scanner = Scanner(Array(text.utf8))
        let negative = scanner.skip(UInt8(ascii: "-"))
        guard let year = scanner.number(minDigits: 4, maxDigits: 9), scanner.skip(UInt8(ascii: "-")),
              let month = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip(UInt8(ascii: "-")),
              let day = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip(UInt8(ascii: "T")),
              let hour = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip(UInt8(ascii: ":")),
              let minute = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip(UInt8(ascii: ":")),
              let second = scanner.number(minDigits: 2, maxDigits: 2)
        else { return nil }
        var micros: Int64 = 0
        if scanner.skip(UInt8(ascii: ".")) {
            var digits = 0
            while let digit = scanner.digit() {
                if digits < 6 { micros = micros * 10 + digit }
                digits += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 6) { micros *= 10 }
        }
        var offset: Int64 = 0
        if scanner.skip(UInt8(ascii: "Z")) {
            // UTC
        } else if let sign = scanner.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            scanner.index += 1
            guard let offsetHours = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip(UInt8(ascii: ":")),
                  let offsetMinutes = scanner.number(minDigits: 2, maxDigits: 2),
                  offsetHours <= 14, offsetMinutes < 60 else { return nil }
            offset = (offsetHours * 60 + offsetMinutes) * 60 * (sign == UInt8(ascii: "-") ? -1 : 1)
        }
        guard scanner.atEnd, (1...12).contains(month), (1...daysIn(month: month, year: negative ? -year : year)).contains(day),
              hour < 24 || (hour == 24 && minute == 0 && second == 0 && micros == 0), minute < 60, second < 60
        else { return nil }
        let days = daysFromCivil(year: negative ? -year : year, month: month, day: day)
        return (days * 86_400 + hour * 3600 + minute * 60 + second - offset, micros)
    }

    // MARK: - Civil calendar (proleptic Gregorian), after H. Hinnant's algorithms.

    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400).0
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097).0
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    struct Scanner {
        let bytes: [UInt8]
        var index = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        var atEnd: Bool { index == bytes.count }
        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }
        mutating func skip(_ byte: UInt8) -> Bool {
            guard peek() == byte else { return false }
            index += 1
            return true
        }
        mutating func digit() -> Int64? {
            guard let byte = peek(), byte >= 0x30, byte <= 0x39 else { return nil }
            index += 1
            return Int64(byte - 0x30)
        }
        mutating func number(minDigits: Int, maxDigits: Int) -> Int64? {
            var value: Int64 = 0, count = 0
            while count < maxDigits, let digit = digit() {
                value = value * 10 + digit
                count += 1
            }
            return count >= minDigits ? value : nil
        }
    }
}
