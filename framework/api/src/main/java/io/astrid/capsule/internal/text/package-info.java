/**
 * Runtime-internal helpers shared by the launcher and every bundle, not part of the capsule API:
 * capsule authors and host embedders must not use them. The package ships in the API jar because
 * that jar is the one every part of the runtime already shares (on the boot class path, exported
 * by the system bundle); its export carries the mandatory attribute {@code astrid.internal=true},
 * so only a bundle that asks for it by that attribute in its {@code Import-Package} wires to it.
 */
@Export(attribute = {"astrid.internal=true", "mandatory:=astrid.internal"})
@Version("0.2.0")
package io.astrid.capsule.internal.text;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
