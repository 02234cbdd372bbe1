/**
 * The /etc/vz/conf/vps.umount that install writes (pure). vzctl runs vps.umount by execve with
 * env VEID and VE_CONFFILE and no arguments. The wrapper runs ctnet-umount, then the site's own
 * vps.umount when install moved one aside, and fails when either failed, so a site's script
 * keeps working. It is a fixed text: no site value is ever put into it.
 */
import { LIBEXEC_DIR, VPS_UMOUNT_SITE } from './install-paths.js';

export function umountWrapper(): string {
  return `#!/bin/sh
# Installed by "ctnet install --openvz"; "ctnet uninstall" removes it and puts back the
# site's own vps.umount (kept meanwhile as ${VPS_UMOUNT_SITE}, which runs after ctnet's).
${LIBEXEC_DIR}/ctnet-umount
rc=$?
if [ -e ${VPS_UMOUNT_SITE} ]; then
  ${VPS_UMOUNT_SITE} || exit $?
fi
exit $rc
`;
}
