// QR codes for a new virtual device. The qrcode library loads only here, on `device add`.

/** Columns the drawn code may use: an 80-column terminal must show it whole. */
export const MAX_QR_COLUMNS = 80;

/**
 * Half-block rendering (two modules per character cell), black on an explicit white background so
 * it scans on dark and light terminals alike. Returns undefined when it would not fit.
 */
export async function terminalQr(uri: string, columns = MAX_QR_COLUMNS): Promise<string | undefined> {
  const { default: QRCode } = await import("qrcode");
  const text = await QRCode.toString(uri, { type: "terminal", small: true, errorCorrectionLevel: "M" });
  const width = Math.max(...text.split("\n").map((l) => l.replace(/\x1b\[[0-9;]*m/g, "").length));
  return width <= columns ? text : undefined;
}

export async function qrPng(uri: string): Promise<Buffer> {
  const { default: QRCode } = await import("qrcode");
  return QRCode.toBuffer(uri, { type: "png", errorCorrectionLevel: "M", margin: 4, scale: 6 });
}
