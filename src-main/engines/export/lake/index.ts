// The event-window lake: cut (exportWindows) and check (verifyExport) sealed exports.
export { exportWindows, type WindowsHooks, type WindowsRequest, type WindowsResult } from './run';
export { type VerifyResult, verifyExport } from './verify';
