// AWS-shaped failures. Every branch of the emulator throws one of these and the server renders it
// into AWS's query-protocol error envelope, so clients parse exactly what they would from AWS.

export type Service = "sts" | "iam";

export class AwsError extends Error {
  readonly status: number;
  readonly code: string;
  /** "Sender" for the caller's fault, "Receiver" for ours (AWS's convention). */
  readonly type: "Sender" | "Receiver";
  constructor(status: number, code: string, message: string, type: "Sender" | "Receiver" = "Sender") {
    super(message);
    this.name = "AwsError";
    this.status = status;
    this.code = code;
    this.type = type;
  }
}

// Message texts below are AWS's own (see the table and public error reports); clients and
// our CLI match on them, so they must not be paraphrased.

export const accessDenied = (message: string) => new AwsError(403, "AccessDenied", message);

export const invalidMfaCode = () =>
  accessDenied("MultiFactorAuthentication failed with invalid MFA one time pass code. ");

export const wrongSerial = () =>
  accessDenied(
    "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.",
  );

export const sessionCredsForGetSessionToken = () => accessDenied("Cannot call GetSessionToken with session credentials");

export const expiredToken = () => new AwsError(403, "ExpiredToken", "The security token included in the request is expired");

export const invalidClientTokenId = () =>
  new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");

export const signatureDoesNotMatch = (
  message = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
) => new AwsError(403, "SignatureDoesNotMatch", message);

export const missingAuth = () => new AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");

export const incompleteSignature = (message: string) => new AwsError(400, "IncompleteSignature", message);

export const validation = (message: string) => new AwsError(400, "ValidationError", message);

/** AWS's model-validation wording: `1 validation error detected: Value 'x' at 'field' failed to satisfy constraint: …`. */
export const constraint = (value: string, field: string, rule: string) =>
  validation(`1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${rule}`);

export const throttling = () => new AwsError(400, "Throttling", "Rate exceeded");

export const internalFailure = () =>
  new AwsError(
    500,
    "InternalFailure",
    "The request processing has failed because of an unknown error, exception or failure.",
    "Receiver",
  );

export const invalidAction = (action: string, version: string) =>
  new AwsError(400, "InvalidAction", `Could not find operation ${action} for version ${version}`);

// IAM
export const noSuchEntity = (message: string) => new AwsError(404, "NoSuchEntity", message);
export const entityAlreadyExists = (message: string) => new AwsError(409, "EntityAlreadyExists", message);
export const deleteConflict = (message: string) => new AwsError(409, "DeleteConflict", message);
export const invalidAuthenticationCode = () =>
  new AwsError(403, "InvalidAuthenticationCode", "Authentication code for device is not valid.");
export const limitExceeded = (message: string) => new AwsError(409, "LimitExceeded", message);
