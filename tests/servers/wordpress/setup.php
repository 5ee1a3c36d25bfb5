<?php
// Run once inside WordPress (by cms.sh, through the Playground CLI) on a
// fresh site: makes the publishing user with an application password and a
// second author whose byline the tests can map, then writes the throwaway
// credentials to /copydesk-out/credentials.json (the cache, never the repo).
require_once '/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/user.php';

function copydesk_user($login, $display, $role) {
    $user = get_user_by('login', $login);
    if ($user) {
        return $user->ID;
    }
    $id = wp_insert_user([
        'user_login'   => $login,
        'user_pass'    => wp_generate_password(24),
        'user_email'   => $login . '@example.org',
        'display_name' => $display,
        'first_name'   => strtok($display, ' '),
        'last_name'    => (string) substr($display, strpos($display, ' ') + 1),
        'role'         => $role,
    ]);
    if (is_wp_error($id)) {
        throw new RuntimeException('copydesk setup: ' . $id->get_error_message());
    }
    return $id;
}

$publisher = copydesk_user('copydesk', 'Copydesk Publisher', 'editor');
copydesk_user('lena-ortiz', 'Lena Ortiz', 'author');

// UTC, so date and date_gmt agree in the tests' expectations.
update_option('timezone_string', 'UTC');
update_option('gmt_offset', 0);

$made = WP_Application_Passwords::create_new_application_password($publisher, ['name' => 'copydesk-tests']);
if (is_wp_error($made)) {
    throw new RuntimeException('copydesk setup: ' . $made->get_error_message());
}
$out = json_encode([
    'user'         => 'copydesk',
    'app_password' => $made[0],
    'user_id'      => $publisher,
]);
if (file_put_contents('/copydesk-out/credentials.json', $out) === false) {
    throw new RuntimeException('copydesk setup: cannot write /copydesk-out/credentials.json');
}
echo "copydesk setup: done\n";
