// Runs HubSpot's own project parser (@hubspot/project-parsing-lib, native ESM, as the `hs` CLI runs it) on a
// project directory and prints what it found as JSON. Used by check-project.ts in a child process, because the
// parser's dependency chain is ESM-only and jest on Node 20 cannot require it.
//   node parse-project.mjs parse <projectDir>
//   node parse-project.mjs validate-uids <uid>...
//   node parse-project.mjs file-dependencies <srcDir>   (file:/link: packages the CLI uploads with the project)
//   node parse-project.mjs packable <dir>               (the files of such a package that get uploaded)
import path from 'node:path';
import { translate } from '@hubspot/project-parsing-lib/translate';
import {
  getProjectMetadata,
  isKnownPlatformVersion,
  isLegacyProject,
  parseProjectConfig,
} from '@hubspot/project-parsing-lib/projects';
import { validateUid } from '@hubspot/project-parsing-lib/uid';
import {
  collectFileDependencies,
  findAndParsePackageJsonFiles,
  getPackableFiles,
} from '@hubspot/project-parsing-lib/workspaces';

const [command, ...args] = process.argv.slice(2);

if (command === 'parse') {
  const projectDir = path.resolve(args[0] ?? '.');
  const config = parseProjectConfig(projectDir);
  const srcDir = path.resolve(projectDir, config.srcDir);
  const { intermediateRepresentation, skippedHsMetaFiles } = await translate(
    { projectSourceDir: srcDir, platformVersion: config.platformVersion },
    { skipValidation: true },
  );
  const metadata = await getProjectMetadata(srcDir);
  process.stdout.write(
    JSON.stringify({
      config,
      srcDir,
      knownPlatformVersion: isKnownPlatformVersion(config.platformVersion),
      legacyProject: isLegacyProject(config.platformVersion),
      nodes: Object.values(intermediateRepresentation.intermediateNodesIndexedByUid),
      skippedHsMetaFiles,
      counts: Object.fromEntries(
        Object.entries(metadata.components).map(([type, meta]) => [type, { count: meta.count, maxCount: Number.isFinite(meta.maxCount) ? meta.maxCount : null }]),
      ),
    }),
  );
} else if (command === 'validate-uids') {
  process.stdout.write(JSON.stringify(Object.fromEntries(args.map((uid) => [uid, validateUid(uid) ?? null]))));
} else if (command === 'file-dependencies') {
  const mappings = await collectFileDependencies(await findAndParsePackageJsonFiles(path.resolve(args[0] ?? '.')));
  process.stdout.write(JSON.stringify(mappings));
} else if (command === 'packable') {
  process.stdout.write(JSON.stringify([...(await getPackableFiles(path.resolve(args[0] ?? '.')))].sort()));
} else {
  process.stderr.write(`unknown command ${command}\n`);
  process.exit(2);
}
