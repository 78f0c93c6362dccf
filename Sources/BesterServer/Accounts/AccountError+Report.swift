import BesterProtocol

extension ErrorReport {
    /// How a failed account operation is told to the client.
    init(accountFailure error: any Error) {
        guard let error = error as? AccountError else {
            self.init(code: .internal, message: "the account store failed; the error is logged")
            return
        }
        switch error {
        case .invalidUsername(let violation): self.init(code: .invalidUsername, message: violation.description)
        case .invalidPassword(let violation): self.init(code: .invalidPassword, message: violation.description)
        case .usernameTaken: self.init(code: .userExists, message: error.description)
        case .accountNotFound: self.init(code: .authenticationFailed, message: error.description)
        case .wrongPassword: self.init(code: .wrongPassword, message: error.description)
        case .throttled: self.init(code: .throttled, message: error.description)
        case .overloaded: self.init(code: .serverBusy, message: error.description)
        }
    }
}
