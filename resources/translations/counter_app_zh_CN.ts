<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Not done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong and the action was not completed. Details are in {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogueModel</name>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statutory limit (working days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Promised limit (working days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Licence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Materials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrative licence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrative confirmation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done on the spot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Promised time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>line {line}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An unexpected error occurred; details are in {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{url} is up to date (schema {revision}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{url} upgraded from schema {before} to {after}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{url}: schema {current}; this client needs {head}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo loaded into {url}: {halls} halls, {counters} counters, {staff} staff, {items} service items. Every demo account&apos;s password is {password}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for {user}: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported {total} items from {file}: {created} new, {updated} updated.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The config file {path} cannot be read: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{url}&apos; is not a database URL. Use sqlite:///PATH or postgresql://USER@HOST/DATABASE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database type &apos;{backend}&apos; is not supported: use SQLite or PostgreSQL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database {url} cannot be used right now ({reason}). Nothing was changed; try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database {url} has no counter_app tables yet. An administrator creates them with: counter-app db upgrade --db {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database {url} has an older schema ({current}) than this client ({head}). An administrator upgrades it with: counter-app db upgrade --db {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database {url} has a newer schema ({current}) than this client knows ({head}). Install the newer version of counter_app on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the database {url}: {reason}. Check the address, that the server is running, and the user name and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role ({role}) may not do this: {action}. The refusal has been recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A password needs at least {minimum} characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is locked after too many wrong passwords. Try again in {minutes} minutes or ask an administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong password. The account is now locked for {minutes} minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong user name or password. {remaining} more tries before the account locks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name and full name are required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user name &apos;{username}&apos; is taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no user &apos;{username}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalogue file has {count} problem(s); nothing was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column {column} is empty; it needs a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column {column} must be a whole number of 0 or more, not &apos;{value}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column {column} must be 是 or 否, not &apos;{value}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A material name must have 1 to 200 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The item code must have 1 to 64 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The item name must have 1 to 200 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown kind &apos;{value}&apos;: use 行政许可, 行政确认, 公共服务, 内部审批 or 其他.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown case type &apos;{value}&apos;: use 即办件 or 承诺件.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The promised limit ({promised} days) is longer than the statutory limit ({statutory} days).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A material is marked (可容缺) but the item does not allow 容缺受理 (tolerance_acceptance).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A licence validity must be at least 1 month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A licence validity is given but no licence type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewal on commitment needs a licence type with a validity (licence_validity_months).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not UTF-8 text (save it as UTF-8 CSV).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header row lacks the column(s): {columns}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The row has {found} fields; the header has {expected}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The item code {code} is already used on line {first}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file {path} cannot be read: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown department &apos;{department}&apos;: an administrator must add it before importing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database already has halls; the demo is only loaded into an empty database.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in — Government Service Hall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Government Service Hall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo hall: log in as admin, kg_zb (supervisor) or kg01 … kg14 (clerks), password {password}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoleWindow</name>
    <message>
        <source>Clerk workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coming next to this window: the counter panel (call next, recall, transfer, hold, serve), application entry (受理) and commit-and-issue licence renewal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coming next to this window: the issuing station for queue numbers, the live hall overview, ratings (好差评) and statistics.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coming next to this window: halls, counters, business lines, staff, the holiday calendar and settings. Today the catalogue is imported with: counter-app catalogue import FILE --user NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by item name or code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} ({username}) · database {url}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
