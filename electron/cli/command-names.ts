/**
 * The subcommands, by module. The index loads a command's module only when it runs, so `analyze`
 * does not pay for the NAT, network and report code at start-up.
 */
export const NET_COMMANDS = ['ports', 'sip-ping'] as const;
export const NAT_COMMANDS = ['nat-type', 'nat-timeout', 'reflector', 'alg'] as const;
export const PBX_LOG_COMMANDS = ['pbx-log'] as const;
export const TRACE_COMMANDS = ['analyze'] as const;
export const EXPORT_COMMANDS = ['export'] as const;
export const LADDER_COMMANDS = ['dialogs'] as const;
export const CAPTURE_COMMANDS = ['capture'] as const;
